-- Fleet bench data (bench/fleet-bench.sh): :clients clients, 1 status report each.
--   product 'bench' (80 %): stable has 1.0.0 .. 1.0.19 with 1.0.15 pulled; beta (follows stable) has
--     1.1.0-beta.1 .. 1.1.0-beta.4; early-access follows beta. Clients run a spread of these.
--   product 'tools' (20 %): no releases, so every client of it is current.
--   last_seen: within the last 8 days, so about 1 in 8 clients is stale (stale-after 7 days); none
--     within 2.4 hours of the 7 days, so no client turns stale while the bench runs and the bench's
--     raw SQL, which takes its "now" at the start, agrees with the server on who is stale.
-- The same seed gives the same rows on every run.
select setseed(0.42);

insert into products (name, description, created_at) values ('bench', 'benchmark product', now());
insert into products (name, description, created_at) values ('tools', 'benchmark product', now());

insert into releases (product_id, version, state, manifest, manifest_sha256, mandatory, expires_at,
                      created_at, created_by)
select p.id, v, 'PUBLISHED', convert_to('{}', 'UTF8'), repeat('0', 64), false,
       now() + interval '30 days', now(), 'bench'
from products p,
     (select '1.0.' || i as v from generate_series(0, 19) i
      union all select '1.1.0-beta.' || i from generate_series(1, 4) i) versions
where p.name = 'bench';

insert into publications (release_id, channel_id, published_at, published_by, pulled_at,
                          pulled_by, pull_reason)
select r.id, c.id, now(), 'bench',
       case when r.version = '1.0.15' then now() end,
       case when r.version = '1.0.15' then 'bench' end,
       case when r.version = '1.0.15' then 'bench: a pulled release' end
from releases r join products p on p.id = r.product_id, channels c
where p.name = 'bench'
  and c.name = case when r.version like '1.1.0-beta.%' then 'beta' else 'stable' end;

insert into fleet_clients (client_id, product, channel, version, platform, agent_version,
                           first_seen, last_seen)
select client_id, product, channel,
       case
         when product = 'tools' then '3.' || floor(r2 * 5)::int || '.0'
         when channel = 'stable' then
           case when r2 < 0.6 then '1.0.19' when r2 < 0.62 then '1.0.15'
                else '1.0.' || floor(r3 * 19)::int end
         when channel = 'beta' then
           case when r2 < 0.5 then '1.1.0-beta.4' when r2 < 0.8 then '1.0.19'
                else '1.1.0-beta.' || (1 + floor(r3 * 3)::int) end
         else
           case when r2 < 0.7 then '1.1.0-beta.4' else '1.1.0-beta.' || (1 + floor(r3 * 3)::int) end
       end,
       case when r4 < 0.5 then 'bare-metal' when r4 < 0.8 then 'container'
            when r4 < 0.95 then 'kubernetes' else 'lxc' end,
       case when r5 < 0.9 then '0.2.0' else '0.1.0' end,
       now() - interval '90 days' * r5 - interval '8 days',
       now() - interval '1 day' * (case when r6 * 8 between 6.9 and 7.1 then r6 * 8 + 0.2
                                        else r6 * 8 end)
from (select 'c' || md5(i::text) as client_id,
             case when i % 5 = 0 then 'tools' else 'bench' end as product,
             case when i % 5 = 0 or r1 < 0.8 then 'stable' when r1 < 0.95 then 'beta'
                  else 'early-access' end as channel,
             r2, r3, r4, r5, r6
      from (select i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
            from generate_series(1, :clients) i) r) s;

-- What the server's flush writes beside the clients (see V41__fleet_versions_and_report_timeline.sql).
insert into fleet_versions (product, channel, version)
select distinct product, channel, version from fleet_clients;

insert into status_reports (report_id, client_id, product, from_version, version, channel, status,
                            reported_at, received_at, errors)
select 'r-' || client_id, client_id, product, '1.0.0', version, channel,
       case when right(client_id, 1) = '0' then 'failed' else 'completed' end,
       last_seen, last_seen,
       case when right(client_id, 1) = '0' then 'health check failed after 30 s' end
from fleet_clients;

vacuum analyze fleet_clients;
vacuum analyze fleet_versions;
vacuum analyze status_reports;
