import { PGlite } from '@electric-sql/pglite';
const t=Date.now(); const db = await PGlite.create(); console.log('init ms', Date.now()-t);
await db.exec(`create table a(x int); create function f() returns trigger language plpgsql as $$ begin raise exception 'no'; end $$;`);
console.log((await db.query("select set_config('app.a','1',true) v")).rows);
const t2=Date.now(); const c = await db.clone(); console.log('clone ms', Date.now()-t2, (await c.query('select count(*) from a')).rows);
