export const id = 749;
export const ids = [749];
export const modules = {

/***/ 8749:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishStickyComment: () => (/* reexport */ publishStickyComment)
});

// UNUSED EXPORTS: closeIssueIfOpen, commentMarker, createDeployment, createGitHubClient, findLastSuccessfulDeployment, findRunDeployment, findStickyComment, httpStatus, lazyClient, listMarkedComments, openOrUpdateIssue, pullRequestLabels, pullRequestOfCommit, resolvePullRequest, setDeploymentStatus, uploadSarif, upsertStickyComment

// EXTERNAL MODULE: ../../node_modules/.pnpm/@actions+github@9.1.1/node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(2087);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@octokit+plugin-retry@8.1.1_@octokit+core@7.0.8/node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(545);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@octokit+plugin-throttling@11.0.5_@octokit+core@7.0.8/node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6404);
;// CONCATENATED MODULE: ../../packages/github/src/octokit.ts



/**
 * Creates the client. Secondary rate limits (403/429 with `retry-after`) are waited out and retried a few
 * times; 5xx answers are retried by the retry plugin. Both are what GitHub asks integrators to do.
 */
function createGitHubClient(options) {
    const retries = options.rateLimitRetries ?? 2;
    const warn = options.warn ?? (() => undefined);
    const onLimit = (kind) => (retryAfter, request, _o, count) => {
        warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}: retrying after ${retryAfter} s (attempt ${count + 1})`);
        return count < retries;
    };
    return (0,github/* getOctokit */.Q)(options.token, {
        baseUrl: options.baseUrl,
        throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
        retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
}
/** The HTTP status of an Octokit error, if it has one. */
function octokit_httpStatus(error) {
    if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number')
        return error.status;
    return undefined;
}

// EXTERNAL MODULE: ../../packages/runtime/src/index.ts + 24 modules
var src = __webpack_require__(642);
;// CONCATENATED MODULE: ../../packages/github/src/pull-request.ts

function num(value) {
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
/**
 * The pull request a run is about, or undefined. Order: an explicit number; the payload of PR events and
 * comments on PRs; a `workflow_run`'s PR (empty for forks, so then by head branch); and for pushes and
 * anything else the open PR whose head is this commit, asked from the API.
 */
async function resolvePullRequest(ctx, client, explicit) {
    if (explicit)
        return explicit;
    const { event, eventName } = ctx;
    if (eventName.startsWith('pull_request'))
        return num((0,src/* eventValue */.aY)(event, 'pull_request', 'number')) ?? num((0,src/* eventValue */.aY)(event, 'number'));
    if (eventName === 'issue_comment' && (0,src/* eventValue */.aY)(event, 'issue', 'pull_request'))
        return num((0,src/* eventValue */.aY)(event, 'issue', 'number'));
    const { owner, repo } = ctx.repository;
    if (eventName === 'workflow_run') {
        const prs = (0,src/* eventValue */.aY)(event, 'workflow_run', 'pull_requests');
        if (Array.isArray(prs) && prs.length > 0)
            return num((0,src/* eventValue */.aY)(prs[0], 'number'));
        // A fork's PR is not listed on the workflow_run payload: find it by the head repository and branch.
        const headOwner = (0,src/* eventValue */.aY)(event, 'workflow_run', 'head_repository', 'owner', 'login');
        const headBranch = (0,src/* eventValue */.aY)(event, 'workflow_run', 'head_branch');
        const headSha = (0,src/* eventValue */.aY)(event, 'workflow_run', 'head_sha');
        if (typeof headOwner === 'string' && typeof headBranch === 'string') {
            const { data } = await client().rest.pulls.list({
                owner,
                repo,
                state: 'open',
                head: `${headOwner}:${headBranch}`,
            });
            const match = data.find((pr) => pr.head.sha === headSha) ?? data[0];
            if (match)
                return match.number;
        }
        return undefined;
    }
    const sha = ctx.sha;
    if (!sha)
        return undefined;
    const { data } = await client().rest.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: sha,
    });
    const open = data.filter((pr) => pr.state === 'open');
    return (open.find((pr) => pr.head.sha === sha) ?? open[0])?.number;
}
/** Labels on a PR: from the payload when it has them, else from the API. */
async function pullRequestLabels(ctx, client, number) {
    const fromEvent = eventValue(ctx.event, 'pull_request', 'labels');
    if (Array.isArray(fromEvent) && num(eventValue(ctx.event, 'pull_request', 'number')) === number) {
        return fromEvent.map((l) => String(eventValue(l, 'name'))).filter(Boolean);
    }
    const { owner, repo } = ctx.repository;
    const labels = await client().paginate(client().rest.issues.listLabelsOnIssue, {
        owner,
        repo,
        issue_number: number,
        per_page: 100,
    });
    return labels.map((l) => l.name);
}

// EXTERNAL MODULE: ../../packages/markdown/src/index.ts + 3 modules
var markdown_src = __webpack_require__(9629);
;// CONCATENATED MODULE: ../../packages/github/src/sticky-comment.ts

/** The hidden first line that identifies a comment. Instance text is reduced so it cannot close the HTML comment. */
function sticky_comment_commentMarker(action, instance) {
    const safe = (s) => s.replace(/[^A-Za-z0-9._/:@ -]/g, '_').replace(/--/g, '_-');
    return `<!-- shipyard:${safe(action)}:${safe(instance || 'default')} -->`;
}
function withMarker(marker, body) {
    const full = `${marker}\n${body}`;
    // The budget upstream should hold; this is the last guard against a 422 that would lose the comment.
    return full.length <= markdown_src/* COMMENT_LIMIT */.W$
        ? full
        : `${marker}\n${(0,markdown_src/* truncateMarkdown */.o4)(body, markdown_src/* COMMENT_LIMIT */.W$ - marker.length - 1)}`;
}
/** Every comment on the issue or PR whose first line is `marker`, oldest first, with its author. */
async function sticky_comment_listMarkedComments(client, target, marker) {
    const all = await client.paginate(client.rest.issues.listComments, {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        per_page: 100,
    });
    return all.filter((c) => (c.body ?? '').startsWith(marker)).sort((a, b) => a.id - b.id);
}
/**
 * The marked comments this action may update or delete: a person who pastes our marker into a comment must
 * never see it overwritten or removed. With the GITHUB_TOKEN (or an app) our comments are a bot's; with a
 * person's token they are that person's, whose login `GET /user` tells (it refuses the GITHUB_TOKEN).
 */
async function ownComments(client, marked) {
    const bots = marked.filter((c) => c.user?.type === 'Bot');
    if (bots.length > 0 || marked.length === 0)
        return bots;
    try {
        const { data: me } = await client.rest.users.getAuthenticated();
        return marked.filter((c) => c.user?.login === me.login);
    }
    catch {
        return [];
    }
}
/**
 * Creates or updates the comment. With several of our marked comments (two runs raced), the oldest is kept and
 * updated, the others deleted; after creating, the list is read again to catch a race that happened just now.
 * Marked comments written by anyone else are left alone.
 */
async function upsertStickyComment(client, target, comment) {
    const marker = sticky_comment_commentMarker(comment.action, comment.instance);
    const body = withMarker(marker, comment.body);
    const { owner, repo } = target;
    let existing = await ownComments(client, await sticky_comment_listMarkedComments(client, target, marker));
    let outcome;
    if (existing.length === 0) {
        await client.rest.issues.createComment({ owner, repo, issue_number: target.issueNumber, body });
        outcome = 'created';
        existing = await ownComments(client, await sticky_comment_listMarkedComments(client, target, marker));
    }
    else {
        outcome = existing[0]?.body === body ? 'unchanged' : 'updated';
    }
    const [keep, ...duplicates] = existing;
    if (!keep)
        throw new Error('the comment was created but cannot be listed back');
    if (keep.body !== body) {
        await client.rest.issues.updateComment({ owner, repo, comment_id: keep.id, body });
        if (outcome === 'unchanged')
            outcome = 'updated';
    }
    for (const dup of duplicates)
        await client.rest.issues.deleteComment({ owner, repo, comment_id: dup.id });
    return { id: keep.id, url: keep.html_url, outcome, deleted: duplicates.map((d) => d.id) };
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ../../packages/github/src/sarif.ts


/**
 * Uploads SARIF to code scanning. A 403 means the repository has no code scanning (GitHub Advanced Security
 * off, or a fork's read-only token): that is reported, not thrown, because the scan's verdict must not depend
 * on whether the repository pays for a feature.
 */
async function uploadSarif(client, where, options) {
    try {
        const { data } = await client.rest.codeScanning.uploadSarif({
            ...where,
            commit_sha: options.commitSha,
            ref: options.ref,
            sarif: gzipSync(Buffer.from(options.sarif, 'utf8')).toString('base64'),
        });
        return { uploaded: true, id: data.id ?? '' };
    }
    catch (error) {
        const status = httpStatus(error);
        if (status === 403 || status === 404) {
            return {
                uploaded: false,
                reason: `code scanning refused the upload (HTTP ${status}): Advanced Security is off or the token lacks security-events: write`,
            };
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ../../packages/github/src/issues.ts

async function findOpen(client, t) {
    const open = await client.paginate(client.rest.issues.listForRepo, {
        owner: t.owner,
        repo: t.repo,
        state: 'open',
        labels: t.label,
        per_page: 100,
    });
    return open
        .filter((i) => !i.pull_request && (i.body ?? '').includes(t.marker))
        .sort((a, b) => a.number - b.number)[0];
}
/** Opens the tracked issue, or updates the one already open, so a recurring finding never piles up issues. */
async function openOrUpdateIssue(client, t, content) {
    const body = truncateMarkdown(`${t.marker}\n${content.body}`, COMMENT_LIMIT);
    const existing = await findOpen(client, t);
    if (existing) {
        await client.rest.issues.update({
            owner: t.owner,
            repo: t.repo,
            issue_number: existing.number,
            title: content.title,
            body,
        });
        return { number: existing.number, url: existing.html_url, outcome: 'updated' };
    }
    const { data } = await client.rest.issues.create({
        owner: t.owner,
        repo: t.repo,
        title: content.title,
        body,
        labels: [t.label],
    });
    return { number: data.number, url: data.html_url, outcome: 'created' };
}
/** Closes the tracked issue if one is open, with a comment saying why. */
async function closeIssueIfOpen(client, t, reason) {
    const existing = await findOpen(client, t);
    if (!existing)
        return undefined;
    await client.rest.issues.createComment({
        owner: t.owner,
        repo: t.repo,
        issue_number: existing.number,
        body: reason,
    });
    await client.rest.issues.update({
        owner: t.owner,
        repo: t.repo,
        issue_number: existing.number,
        state: 'closed',
    });
    return existing.number;
}

;// CONCATENATED MODULE: ../../packages/github/src/publish.ts




/** A lazily created client: actions that never talk to GitHub never pay for loading Octokit. */
function lazyClient(env, token, warn) {
    let client;
    return () => (client ??= createGitHubClient({ token, baseUrl: env.apiUrl, warn }));
}
/**
 * Publishes a report as the sticky PR comment. It never throws: a comment that cannot be written (no token,
 * no PR, a fork's read-only token, an API outage) is a warning, because a report must not change a verdict.
 */
async function publishStickyComment(options) {
    const { env, token, warn, info } = options;
    if (!token) {
        warn('No github-token: the PR comment was skipped (the job summary has the report).');
        return undefined;
    }
    if (!env.repository) {
        warn('GITHUB_REPOSITORY is not set: the PR comment was skipped.');
        return undefined;
    }
    try {
        const client = lazyClient(env, token, warn);
        const number = await resolvePullRequest({ ...env, repository: env.repository }, client, options.pullRequest);
        if (!number) {
            info('No pull request for this run: no PR comment written.');
            return undefined;
        }
        const result = await upsertStickyComment(client(), { ...env.repository, issueNumber: number }, {
            action: options.action,
            instance: options.instance,
            body: options.body,
        });
        info(`PR #${number} comment ${result.outcome}: ${result.url}`);
        return result;
    }
    catch (error) {
        warn(`The PR comment could not be written (${(0,src/* errorMessage */.gJ)(error)}); the job summary has the report.`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ../../packages/github/src/find-sticky-comment.ts

/**
 * Reads the sticky comment of an (action, instance) on a PR, for actions that act on what an earlier run
 * reported. Only comments written by a bot count: anyone can post a comment that starts with the marker,
 * and what is read back here may decide whether something is applied.
 */
async function findStickyComment(client, target, identity) {
    const marker = commentMarker(identity.action, identity.instance);
    // Only a bot's comment counts: a reviewed digest must not come from a comment anyone could have written.
    const found = (await listMarkedComments(client, target, marker)).find((c) => c.user?.type === 'Bot');
    return found ? { id: found.id, url: found.html_url, body: found.body ?? '' } : undefined;
}
/**
 * The PR a commit came from, merged ones included: after a merge, the push to the default branch is the
 * merge commit of a closed PR, which {@link resolvePullRequest} (open PRs only) does not return. Open PRs
 * whose head is the commit come first, then merged PRs; a PR closed unmerged is no source of anything.
 */
async function pullRequestOfCommit(client, repository, sha) {
    if (!sha)
        return undefined;
    const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({
        ...repository,
        commit_sha: sha,
    });
    const open = data.find((pr) => pr.state === 'open' && pr.head.sha === sha);
    const merged = data.find((pr) => pr.merged_at || pr.merge_commit_sha === sha);
    return (open ?? merged)?.number;
}

;// CONCATENATED MODULE: ../../packages/github/src/index.ts










/***/ })

};
