import { useCallback } from "react";
import { useSnackbar } from "zmp-ui";
import type { SnackbarOptions } from "zmp-ui/snackbar-provider";
import { AlertsIcon, CheckIcon, InfoIcon } from "./icons";

export type NotifyKind = "success" | "info" | "error";

const PREFIX_ICONS = {
  success: <CheckIcon size={22} />,
  info: <InfoIcon size={22} />,
  error: <AlertsIcon size={22} />,
} as const;

/**
 * Short confirmation above the bottom navigation. Wraps zmp-ui's snackbar with inline icons:
 * its own typed icons come from the remote icon font, which is not loaded.
 */
export function useNotify(): (text: string, kind?: NotifyKind) => void {
  // zmp-ui's useSnackbar typings point at an internal path alias and resolve to nothing.
  const { openSnackbar } = useSnackbar() as { openSnackbar: (options: SnackbarOptions) => void };
  return useCallback(
    (text, kind = "info") =>
      openSnackbar({
        text,
        type: kind,
        prefixIcon: PREFIX_ICONS[kind],
        duration: kind === "error" ? 6000 : 3500,
      }),
    [openSnackbar],
  );
}
