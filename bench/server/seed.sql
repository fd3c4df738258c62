-- Bench data: product 'bench' with :releases releases on stable and :licenses licenses whose keys
-- are 'bench-key-<n>' (stored hashed, like the server does).
insert into products (name, description, created_at) values ('bench', 'benchmark product', now());

insert into releases (product_id, version, state, manifest, manifest_sha256, mandatory,
                      expires_at, release_notes_url, created_at, created_by)
select p.id, v.version, 'PUBLISHED', convert_to(v.manifest, 'UTF8'),
       encode(sha256(convert_to(v.manifest, 'UTF8')), 'hex'), false,
       now() + interval '30 days', 'https://example.org/notes/' || v.version, now(), 'bench'
from products p,
     (select '1.' || (i / 100) || '.' || (i % 100) as version,
             '{"product":"bench","version":"1.' || (i / 100) || '.' || (i % 100) || '"}' as manifest
      from generate_series(0, :releases - 1) as i) v
where p.name = 'bench';

insert into publications (release_id, channel_id, published_at, published_by)
select r.id, c.id, now(), 'bench'
from releases r join products p on p.id = r.product_id, channels c
where p.name = 'bench' and c.name = 'stable';

insert into licenses (key_sha256, customer, allowed_channels, expires_at, revoked, blocked_versions,
                      created_at)
select encode(sha256(convert_to('bench-key-' || n, 'UTF8')), 'hex'), 'customer-' || n, '',
       null, false, '', now()
from generate_series(1, :licenses) as n;
