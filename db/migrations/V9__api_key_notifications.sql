-- A change to an API key (a revocation) notifies the api-services listening on 'api_keys'
-- (payload: the key id), which drop their cached keys, so a revoked key stops working on
-- every instance at once rather than after api.keys.cache-ttl.
CREATE FUNCTION notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('api_keys', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER api_keys_notify AFTER UPDATE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION notify_api_key_change();
