/**
 * The foot of a console form in a dialog or panel: the server's error (announced), the submit
 * button (its label changes while the request is out) and "Hủy".
 */
export function FormActions(props: {
  error: string | null | undefined;
  busy: boolean;
  label: string;
  busyLabel: string;
  onCancel: () => void;
}) {
  return (
    <>
      {props.error && (
        <p role="alert" className="error">
          {props.error}
        </p>
      )}
      <div className="toolbar">
        <button type="submit" disabled={props.busy}>
          {props.busy ? props.busyLabel : props.label}
        </button>
        <button type="button" className="secondary" onClick={() => props.onCancel()}>
          Hủy
        </button>
      </div>
    </>
  );
}
