-- Login throttling decided inside the database, in one statement (lib/auth/throttle.ts explains the
-- three limits). The decision must be exact across instances, so it is taken under advisory locks
-- (the source's, then the account's). Taken from Node in a multi-statement transaction, those locks
-- were held for as long as Node took to send the next statement: on a busy instance (bcrypt checks
-- sharing the event loop) a burst of logins from one address (a hospital behind one NAT) queued on
-- the source lock while holding pool connections, and some logins failed waiting for a connection.
-- Here the locks live only as long as this function runs on the server (the caller runs it outside
-- any transaction, so they end with the statement): the same exact decision, held for microseconds.
--
-- p_reserve = false only reads (for screens and tests; no locks, nothing written). p_now moves the
-- clock for tests; the server passes NULL (the database's clock).
CREATE OR REPLACE FUNCTION public.login_throttle(
  p_email text, p_ip text, p_reserve boolean,
  p_max_failures integer, p_window_seconds double precision, p_source_max integer,
  p_backoff_max_seconds integer, p_known_source_days integer, p_now timestamptz DEFAULT NULL)
RETURNS TABLE (blocked boolean, limit_kind text, retry_after_ms double precision, failures integer,
  account_failures integer, attempt_id bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_now timestamptz;
  v_window_start timestamptz;
  v_account_t timestamptz;
  v_pair_t timestamptz;
  v_pair integer;
  v_account integer;
  v_latest timestamptz;
  v_pair_oldest timestamptz;
  v_known boolean := false;
  v_source integer;
  v_source_oldest timestamptz;
  v_wait double precision;
  v_until timestamptz;
BEGIN
  IF p_reserve THEN
    IF p_ip IS NOT NULL THEN PERFORM pg_catalog.pg_advisory_xact_lock(1, pg_catalog.hashtext(p_ip)); END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock(2, pg_catalog.hashtext(p_email));
  END IF;
  -- After the locks: the clock and every count below see what the previous holder committed.
  v_now := coalesce(p_now, pg_catalog.clock_timestamp());
  v_window_start := v_now - pg_catalog.make_interval(secs => p_window_seconds);

  -- A success ends the count of earlier failures: from its source for limit 1, from all for limit 2.
  SELECT coalesce(max(a.at), v_window_start),
         coalesce(max(a.at) FILTER (WHERE a.ip IS NOT DISTINCT FROM p_ip), v_window_start)
    INTO v_account_t, v_pair_t
    FROM public.login_attempts a
   WHERE a.email = p_email AND a.succeeded AND a.at > v_window_start;

  SELECT (count(*) FILTER (WHERE a.at > v_account_t))::integer,
         max(a.at) FILTER (WHERE a.at > v_account_t),
         (count(*) FILTER (WHERE a.ip IS NOT DISTINCT FROM p_ip AND a.at > v_pair_t))::integer,
         min(a.at) FILTER (WHERE a.ip IS NOT DISTINCT FROM p_ip AND a.at > v_pair_t)
    INTO v_account, v_latest, v_pair, v_pair_oldest
    FROM public.login_attempts a
   WHERE a.email = p_email AND NOT a.succeeded AND a.at > v_window_start;

  failures := v_pair;
  account_failures := v_account;
  attempt_id := NULL;

  -- Limit 1: this account from this source.
  IF v_pair >= p_max_failures THEN
    blocked := true; limit_kind := 'account_source';
    retry_after_ms := extract(epoch FROM (v_pair_oldest + pg_catalog.make_interval(secs => p_window_seconds) - v_now)) * 1000;
    RETURN NEXT; RETURN;
  END IF;

  -- Limit 3: this source across accounts (password spraying).
  IF p_ip IS NOT NULL THEN
    SELECT count(*)::integer, min(a.at) INTO v_source, v_source_oldest
      FROM public.login_attempts a
     WHERE a.ip = p_ip AND NOT a.succeeded AND a.at > v_window_start;
    IF v_source >= p_source_max THEN
      blocked := true; limit_kind := 'source';
      retry_after_ms := extract(epoch FROM (v_source_oldest + pg_catalog.make_interval(secs => p_window_seconds) - v_now)) * 1000;
      RETURN NEXT; RETURN;
    END IF;
    v_known := EXISTS (SELECT 1 FROM public.login_attempts k
                        WHERE k.email = p_email AND k.ip = p_ip AND k.succeeded
                          AND k.at > v_now - pg_catalog.make_interval(days => p_known_source_days));
  END IF;

  -- Limit 2: the account from every source, as an exponential wait (1, 2, 4 … s, capped) after the
  -- latest failure; the account's known sources are exempt.
  IF v_account >= p_max_failures AND NOT v_known THEN
    v_wait := least(p_backoff_max_seconds::double precision, power(2, least(30, v_account - p_max_failures)));
    v_until := v_latest + pg_catalog.make_interval(secs => v_wait);
    IF v_until > v_now THEN
      blocked := true; limit_kind := 'account';
      retry_after_ms := extract(epoch FROM (v_until - v_now)) * 1000;
      RETURN NEXT; RETURN;
    END IF;
  END IF;

  blocked := false; limit_kind := NULL; retry_after_ms := 0;
  IF p_reserve THEN
    -- Stamped with the time of the decision (the account wait counts from it); the caller marks it
    -- succeeded after a correct password.
    INSERT INTO public.login_attempts (email, ip, succeeded, at)
    VALUES (p_email, p_ip, false, pg_catalog.clock_timestamp())
    RETURNING id INTO attempt_id;
  END IF;
  RETURN NEXT;
END $$;
