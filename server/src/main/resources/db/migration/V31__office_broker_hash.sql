-- The device secret hashed the way Mosquitto's password_file wants it (PBKDF2-SHA512, "$7$"), so
-- a Mosquitto config can be generated from the registry without keeping any secret in clear.
ALTER TABLE office_devices ADD COLUMN broker_hash VARCHAR(300);
