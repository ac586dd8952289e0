"""Documents Jiangxin writes into the outbox, rendered from the .docx templates."""
