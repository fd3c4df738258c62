-- Webhook secrets are stored encrypted (AES-256-GCM with the server's secrets key, see
-- secrets.SecretBox): a 200-character secret takes up to 840 characters sealed. Rows written before
-- are sealed at the next start (rollout.WebhookSecretSealing), which sets secret_sealed.
-- Portable SQL: runs unchanged on H2 and PostgreSQL 15.
alter table webhooks alter column secret set data type varchar(1000);
alter table webhooks add column secret_sealed boolean default false not null;
