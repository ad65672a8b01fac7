/**
 * A throwaway PostgreSQL primary and a streaming replica of it, on free ports of this machine, for
 * the replica tests: `initdb` a primary (wal_level=replica), `pg_basebackup -R` it into a second
 * data folder and start that as a hot standby. Both live in one temporary folder that `stop()` removes;
 * the system cluster (port 5432) is not touched. Run as root (CI), the server binaries run as the
 * `postgres` OS user, since PostgreSQL refuses to run as root.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

/** The folder of initdb/pg_ctl/pg_basebackup, or null when PostgreSQL's server binaries are missing. */
export function postgresBinDir(): string | null {
  return BIN_DIRS.find((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'pg_basebackup'))) ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ReplicaPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops the replica (fast shutdown): it refuses connections afterwards. */
  stopReplica(): void;
  startReplica(): void;
  /** Stops both servers and removes their folder. */
  stop(): void;
}

export async function startReplicaPair(binDir: string): Promise<ReplicaPair> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cll-replica-'));
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
  const run = (bin: string, args: string[]) => {
    const cmd = path.join(binDir, bin);
    const r = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', cwd: dir })
      : spawnSync(cmd, args, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const settings = (port: number) => [
    `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`,
    'wal_level = replica', 'max_wal_senders = 4', 'hot_standby = on', 'max_connections = 40', 'shared_buffers = 32MB',
    // Throwaway data: no fsync (the test needs replication, not durability).
    'fsync = off', 'logging_collector = off',
  ].join('\n') + '\n';
  const pgCtl = (dataDir: string, verb: string) => run('pg_ctl', ['-D', dataDir, '-l', `${dataDir}.log`, '-w', '-t', '30', ...(verb === 'stop' ? ['-m', 'fast'] : []), verb]);
  let primaryUp = false;
  let replicaUp = false;
  const stopAll = () => {
    if (replicaUp) { try { pgCtl(replicaDir, 'stop'); } catch { /* already down */ } replicaUp = false; }
    if (primaryUp) { try { pgCtl(primaryDir, 'stop'); } catch { /* already down */ } primaryUp = false; }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // trust: the default pg_hba.conf then also admits replication connections from 127.0.0.1.
    run('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    fs.appendFileSync(path.join(primaryDir, 'postgresql.conf'), settings(primaryPort));
    pgCtl(primaryDir, 'start');
    primaryUp = true;
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming hot standby.
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    fs.appendFileSync(path.join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\n`);
    pgCtl(replicaDir, 'start');
    replicaUp = true;
  } catch (err) {
    stopAll();
    throw err;
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    stopReplica: () => { pgCtl(replicaDir, 'stop'); replicaUp = false; },
    startReplica: () => { pgCtl(replicaDir, 'start'); replicaUp = true; },
    stop: stopAll,
  };
}
