// Baseline for webhook-intake: bare Express that parses JSON and answers 200.
import express from "express";

const app = express();
app.use(express.json());
app.post("/webhooks/zalo", (_req, res) => {
  res.json({ received: true });
});
app.listen(Number(process.argv[2] ?? 0), "127.0.0.1");
