import { gunzipSync } from 'node:zlib';
import { startJsonServer, type Reply, type Route } from './http';

export type { Fault, LoggedRequest } from './http';

/**
 * A fake of the GitHub REST endpoints the actions use, on 127.0.0.1. Bodies follow the shapes of the real
 * API closely enough for Octokit (ids, html_url, pagination Link headers) and enforce the limits actions keep
 * breaking on: a comment body over 65,536 characters is a 422 "Body is too long", as on github.com.
 */

export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  html_url: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  head: { sha: string; ref: string; label?: string };
  base: { sha: string; ref: string };
  labels?: { name: string }[];
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: { name: string }[];
  html_url: string;
}

const BODY_LIMIT = 65_536;

export async function startFakeGitHub(options: { owner?: string; repo?: string; latencyMs?: number } = {}) {
  const owner = options.owner ?? 'octo-org';
  const repo = options.repo ?? 'octo-repo';
  const html = `https://github.com/${owner}/${repo}`;
  let nextId = 1000;
  const now = () => new Date().toISOString();
  const state = {
    comments: new Map<number, FakeComment>(),
    pulls: [] as FakePull[],
    issues: [] as FakeIssue[],
    deployments: [] as {
      id: number;
      ref: string;
      environment: string;
      payload: unknown;
      statuses: Record<string, unknown>[];
    }[],
    sarifs: [] as { commit_sha: string; ref: string; sarif: unknown }[],
    checkRuns: [] as Record<string, unknown>[],
    /** When false, SARIF uploads answer 403 like a repository without Advanced Security. */
    advancedSecurity: true,
    /**
     * Who the token belongs to. Unset: the GITHUB_TOKEN, whose comments are github-actions[bot]'s and which
     * GET /user refuses. Set: a person's token (a PAT), whose comments are that person's.
     */
    authenticatedUser: undefined as { login: string; type: 'User' } | undefined,
  };

  const tooLong = (body: unknown): Reply | undefined =>
    typeof body === 'string' && body.length > BODY_LIMIT
      ? {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'IssueComment',
                code: 'custom',
                field: 'body',
                message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
              },
            ],
          },
        }
      : undefined;

  const page = <T>(items: T[], query: Record<string, string>, path: string): Reply => {
    const perPage = Math.min(Number(query.per_page ?? 30), 100);
    const pageNo = Number(query.page ?? 1);
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    const headers: Record<string, string> = {};
    if (pageNo * perPage < items.length) {
      const next = new URLSearchParams({ ...query, page: String(pageNo + 1), per_page: String(perPage) });
      headers.link = `<${server.url}${path}?${next.toString()}>; rel="next"`;
    }
    return { status: 200, body: slice, headers };
  };

  const base = `^/repos/${owner}/${repo}`;
  const r = (method: string, path: string, handler: Route['handler']): Route => ({
    method,
    pattern: new RegExp(`${base}${path}$`),
    handler,
  });
  const body = (b: unknown) => (b ?? {}) as Record<string, unknown>;

  const routes = (): Route[] => [
    {
      method: 'GET',
      pattern: /^\/user$/,
      handler: () =>
        state.authenticatedUser
          ? { status: 200, body: { ...state.authenticatedUser, id: 1 } }
          : { status: 403, body: { message: 'Resource not accessible by integration' } },
    },
    r('GET', '/issues/(\\d+)/comments', ({ params, query, url }) =>
      page(
        [...state.comments.values()]
          .filter((c) => c.issue_number === Number(params[0]))
          .sort((a, b) => a.id - b.id),
        query,
        url.pathname,
      ),
    ),
    r('POST', '/issues/(\\d+)/comments', ({ params, body: b }) => {
      const text = body(b).body;
      const rejected = tooLong(text);
      if (rejected) return rejected;
      const id = nextId++;
      const issueNumber = Number(params[0]);
      const comment: FakeComment = {
        id,
        issue_number: issueNumber,
        body: String(text),
        html_url: `${html}/pull/${issueNumber}#issuecomment-${id}`,
        user: state.authenticatedUser ?? { login: 'github-actions[bot]', type: 'Bot' },
        created_at: now(),
        updated_at: now(),
      };
      state.comments.set(id, comment);
      return { status: 201, body: comment };
    }),
    r('PATCH', '/issues/comments/(\\d+)', ({ params, body: b }) => {
      const comment = state.comments.get(Number(params[0]));
      if (!comment) return { status: 404, body: { message: 'Not Found' } };
      const rejected = tooLong(body(b).body);
      if (rejected) return rejected;
      comment.body = String(body(b).body);
      comment.updated_at = now();
      return { status: 200, body: comment };
    }),
    r('DELETE', '/issues/comments/(\\d+)', ({ params }) =>
      state.comments.delete(Number(params[0]))
        ? { status: 204 }
        : { status: 404, body: { message: 'Not Found' } },
    ),
    r('GET', '/commits/([0-9a-f]+)/pulls', ({ params }) => ({
      status: 200,
      body: state.pulls.filter((p) => p.head.sha === params[0]),
    })),
    r('GET', '/pulls', ({ query }) => ({
      status: 200,
      body: state.pulls.filter(
        (p) =>
          (!query.state || query.state === 'all' || p.state === query.state) &&
          (!query.head || p.head.label === query.head),
      ),
    })),
    r('GET', '/pulls/(\\d+)', ({ params }) => {
      const pr = state.pulls.find((p) => p.number === Number(params[0]));
      return pr ? { status: 200, body: pr } : { status: 404, body: { message: 'Not Found' } };
    }),
    r('GET', '/issues/(\\d+)/labels', ({ params }) => ({
      status: 200,
      body: state.pulls.find((p) => p.number === Number(params[0]))?.labels ?? [],
    })),
    r('GET', '/issues', ({ query, url }) => {
      const wanted = query.labels?.split(',').filter(Boolean) ?? [];
      const list = state.issues.filter(
        (i) =>
          (!query.state || query.state === 'all' || i.state === query.state) &&
          wanted.every((l) => i.labels.some((x) => x.name === l)),
      );
      return page(list, query, url.pathname);
    }),
    r('POST', '/issues', ({ body: b }) => {
      const number = state.issues.length + state.pulls.length + 1;
      const labels = (body(b).labels as string[] | undefined) ?? [];
      const issue: FakeIssue = {
        number,
        title: String(body(b).title),
        body: typeof body(b).body === 'string' ? (body(b).body as string) : '',
        state: 'open',
        labels: labels.map((name) => ({ name })),
        html_url: `${html}/issues/${number}`,
      };
      state.issues.push(issue);
      return { status: 201, body: issue };
    }),
    r('PATCH', '/issues/(\\d+)', ({ params, body: b }) => {
      const issue = state.issues.find((i) => i.number === Number(params[0]));
      if (!issue) return { status: 404, body: { message: 'Not Found' } };
      Object.assign(issue, body(b));
      return { status: 200, body: issue };
    }),
    r('POST', '/deployments', ({ body: b }) => {
      const id = nextId++;
      const d = {
        id,
        ref: String(body(b).ref),
        environment: String(body(b).environment),
        payload: body(b).payload,
        statuses: [],
      };
      state.deployments.push(d);
      return { status: 201, body: { ...d, url: `${server.url}/repos/${owner}/${repo}/deployments/${id}` } };
    }),
    r('GET', '/deployments', ({ query }) => ({
      status: 200,
      body: state.deployments
        .filter((d) => !query.environment || d.environment === query.environment)
        .slice()
        .reverse(),
    })),
    r('POST', '/deployments/(\\d+)/statuses', ({ params, body: b }) => {
      const d = state.deployments.find((x) => x.id === Number(params[0]));
      if (!d) return { status: 404, body: { message: 'Not Found' } };
      const status = { id: nextId++, ...body(b) };
      d.statuses.push(status);
      return { status: 201, body: status };
    }),
    r('GET', '/deployments/(\\d+)/statuses', ({ params }) => {
      const d = state.deployments.find((x) => x.id === Number(params[0]));
      return d
        ? { status: 200, body: d.statuses.slice().reverse() }
        : { status: 404, body: { message: 'Not Found' } };
    }),
    r('POST', '/code-scanning/sarifs', ({ body: b }) => {
      if (!state.advancedSecurity)
        return {
          status: 403,
          body: { message: 'Advanced Security must be enabled for this repository to use code scanning.' },
        };
      const sarif: unknown = JSON.parse(
        gunzipSync(Buffer.from(String(body(b).sarif), 'base64')).toString('utf8'),
      );
      state.sarifs.push({ commit_sha: String(body(b).commit_sha), ref: String(body(b).ref), sarif });
      return {
        status: 202,
        body: { id: `sarif-${state.sarifs.length}`, url: `${server.url}/sarifs/${state.sarifs.length}` },
      };
    }),
    r('POST', '/check-runs', ({ body: b }) => {
      const run = { id: nextId++, ...body(b) };
      state.checkRuns.push(run);
      return { status: 201, body: run };
    }),
  ];

  const server = await startJsonServer(routes, { latencyMs: options.latencyMs ?? 0 });
  return {
    ...server,
    owner,
    repo,
    state,
    /** Comments on one PR, oldest first. */
    commentsOn: (issueNumber: number) =>
      [...state.comments.values()].filter((c) => c.issue_number === issueNumber).sort((a, b) => a.id - b.id),
    addPull: (pull: FakePull) => state.pulls.push(pull),
  };
}

export type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>;
