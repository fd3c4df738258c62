-- A large catalog: :products products ('catalog-<n>'), each with :per releases on each of stable,
-- beta and early-access (1.<channel>.<i>), published and rolled out to everyone. With the defaults
-- of bench/publish-bench.sh: 1,000 x 3 x 10 = 30,000 releases.
insert into products (name, description, created_at)
select 'catalog-' || n, 'large catalog', now() from generate_series(1, :products) as n;

insert into releases (product_id, version, state, manifest, manifest_sha256, mandatory,
                      expires_at, release_notes_url, created_at, created_by)
select p.id, v.version, 'PUBLISHED', convert_to('{"version":"' || v.version || '"}', 'UTF8'),
       encode(sha256(convert_to(p.name || v.version, 'UTF8')), 'hex'), false,
       now() + interval '30 days', 'https://example.org/notes/' || v.version, now(), 'bench'
from products p,
     (select '1.' || c || '.' || i as version from generate_series(0, 2) as c,
             generate_series(0, :per - 1) as i) v
where p.name like 'catalog-%';

insert into publications (release_id, channel_id, published_at, published_by)
select r.id, c.id, now(), 'bench'
from releases r join products p on p.id = r.product_id
     join channels c on c.name = (array['stable', 'beta', 'early-access'])[cast(split_part(r.version, '.', 2) as int) + 1]
where p.name like 'catalog-%';
