import type { Finding, FindingDetail, ProbeEvidence, RuleSite, RunSite } from '../src/domain/audit.js';

/** Each finding in words: what is wrong, where, the evidence, and the fix (a command or the rule to change). */

export interface FindingWords {
  what: string;
  where: string;
  evidence: string[];
  fix: string;
}

const code = (text: string): string => `\`${text.replaceAll('`', "'")}\``;
const ruleWhere = (s: RuleSite): string => `${s.release} · ${s.file} line ${s.line} · match ${s.match}`;
const deployRules = (release: string): string =>
  release.startsWith('firebase.storage') ? 'firebase deploy --only storage' : 'firebase deploy --only firestore:rules';

function runParts(site: RunSite): { project: string; region: string; service: string } {
  const [project = '', region = '', service = ''] = site.location.split('/');
  return { project, region, service };
}
const runWhere = (s: RunSite): string => `Cloud Run ${s.location} (${s.service}: ${s.environments.join(', ')})`;
const runFlags = (s: RunSite): string => {
  const { project, region } = runParts(s);
  return `--region=${region} --project=${project}`;
};

const WHO: Record<ProbeEvidence['who'], string> = {
  anonymous: 'Anyone, signed in or not,',
  stranger: 'Any signed-in user',
};

export function describeFinding(finding: Finding): FindingWords {
  const d: FindingDetail = finding.detail;
  const project = finding.project ?? '';
  switch (d.kind) {
    case 'rules-open':
      return {
        what: `${d.condition === 'true' ? 'Anyone on the internet' : 'Any signed-in user of any app of the project'} can ${d.operations} ${d.site.match}`,
        where: ruleWhere(d.site),
        evidence: [`allow ${d.operations}: if ${d.condition}`],
        fix: `Limit the rule to the owner, e.g. ${code('allow read, write: if request.auth != null && request.auth.uid == resource.data.owner;')}, then ${code(`${deployRules(d.site.release)} --project ${project}`)}`,
      };
    case 'rules-test-mode':
      return {
        what: `Test-mode rules: the whole database is open to everyone for ${d.daysLeft} more day${d.daysLeft === 1 ? '' : 's'} (until ${d.until})`,
        where: ruleWhere(d.site),
        evidence: [`allow read, write: if request.time < timestamp.date(…) → ${d.until}, ${d.daysLeft} days left`],
        fix: `Replace the test-mode rule with rules per collection, then ${code(`${deployRules(d.site.release)} --project ${project}`)}`,
      };
    case 'rules-expired':
      return {
        what: `Test-mode rules expired ${d.daysAgo} day${d.daysAgo === 1 ? '' : 's'} ago: every client is now refused`,
        where: ruleWhere(d.site),
        evidence: [`request.time < timestamp.date(…) → ${d.until}, in the past`],
        fix: `Write real rules per collection, then ${code(`${deployRules(d.site.release)} --project ${project}`)}`,
      };
    case 'rules-probe':
      return {
        what: `${WHO[d.probe.who]} can ${d.probe.operation} ${d.probe.who === 'stranger' ? "another user's documents in " : ''}${d.probe.collection}`,
        where: `${d.probe.release} · collection ${d.probe.collection}`,
        evidence: [`${d.probe.request} → ${d.probe.decision} (released rules, Firestore emulator)`],
        fix: `Tighten the rule that matches /${d.probe.collection}/{id} (check ${code('request.auth.uid')} against the document's owner), then ${code(`firebase deploy --only firestore:rules --project ${project}`)}`,
      };
    case 'run-public': {
      const { service } = runParts(d.site);
      const evidence = [
        ...d.members.map((m) => `roles/run.invoker → ${m}`),
        ...(d.invokerIamDisabled ? ['invokerIamDisabled: true (no IAM check on requests)'] : []),
      ];
      const fix = d.invokerIamDisabled
        ? code(`gcloud run services update ${service} ${runFlags(d.site)} --invoker-iam-check`)
        : d.members
            .map((m) =>
              code(
                `gcloud run services remove-iam-policy-binding ${service} ${runFlags(d.site)} --member=${m} --role=roles/run.invoker`,
              ),
            )
            .join(' ');
      return {
        what: `Service ${d.site.service} can be called by ${d.members.includes('allUsers') || d.invokerIamDisabled ? 'anyone on the internet' : 'any Google account'}, but is not marked public`,
        where: runWhere(d.site),
        evidence,
        fix: `${fix} (or, if it is meant to be public, add it to audit.publicServices in chatops.yml)`,
      };
    }
    case 'run-ingress':
      return {
        what: `Service ${d.site.service} is marked internal but accepts traffic from the internet`,
        where: runWhere(d.site),
        evidence: [`ingress: ${d.ingress}`],
        fix: code(`gcloud run services update ${runParts(d.site).service} ${runFlags(d.site)} --ingress=internal`),
      };
    case 'run-plaintext-secret': {
      const secret = d.variable.toLowerCase().replaceAll('_', '-');
      return {
        what: `A secret in plain text: ${d.variable} is a literal environment variable anyone with roles/run.viewer can read`,
        where: `${runWhere(d.site)} · ${d.container}`,
        evidence: [
          `${d.variable} = [value not shown] (${d.fingerprint}; ${d.why === 'name' ? 'the name says secret' : 'a high-entropy value'})`,
        ],
        fix: `Rotate the value, store it in Secret Manager and reference it: ${code(`gcloud secrets create ${secret} --data-file=- --project=${runParts(d.site).project}`)} then ${code(`gcloud run services update ${runParts(d.site).service} ${runFlags(d.site)} --update-secrets=${d.variable}=${secret}:latest`)}`,
      };
    }
    case 'secret-no-rotation':
      return {
        what: `Secret ${d.secret} has no rotation schedule`,
        where: `Secret Manager ${project}/${d.secret}`,
        evidence: [`rotation: none · created ${d.createdDaysAgo} days ago`],
        fix: code(
          `gcloud secrets update ${d.secret} --project=${project} --rotation-period=90d --next-rotation-time=<date> --add-topics=<topic>`,
        ),
      };
    case 'secret-overdue':
      return {
        what: `Secret ${d.secret} is overdue for rotation: its newest value is ${d.ageDays} days old (period ${d.periodDays} days)`,
        where: `Secret Manager ${project}/${d.secret}`,
        evidence: [`newest enabled version ${d.version}, created ${d.ageDays} days ago`],
        fix: `${code(`gcloud secrets versions add ${d.secret} --data-file=<new-value-file> --project=${project}`)}, then ${code(`gcloud secrets versions disable ${d.version} --secret=${d.secret} --project=${project}`)}`,
      };
    case 'secret-old-versions':
      return {
        what: `Secret ${d.secret} has ${d.enabled} enabled versions: old values still work`,
        where: `Secret Manager ${project}/${d.secret}`,
        evidence: [`${d.enabled} enabled versions (at most ${d.max} expected)`],
        fix: code(`gcloud secrets versions disable <version> --secret=${d.secret} --project=${project}`),
      };
    case 'bot-prod-no-approval':
      return {
        what: `Prod deploys of ${d.service} need no approval`,
        where: `chatops.yml services.${d.service}.environments.${d.environment}`,
        evidence: ['requiresApproval: false'],
        fix: `Set ${code('requiresApproval: true')} and list approvers in services.${d.service}.environments.${d.environment}`,
      };
    case 'bot-self-approval':
      return {
        what: 'Requesters may approve their own deploys',
        where: 'chatops.yml deploy.allowSelfApproval',
        evidence: ['allowSelfApproval: true'],
        fix: `Set ${code('deploy.allowSelfApproval: false')}`,
      };
    case 'bot-break-glass':
      return {
        what: `${d.count} users may skip approvals, locks and freezes with --force`,
        where: 'chatops.yml deploy.breakGlass',
        evidence: [`${d.count} break-glass users (at most ${d.max} expected: audit.maxBreakGlass)`],
        fix: `Shorten deploy.breakGlass to the on-call leads (at most ${d.max})`,
      };
    case 'bot-jobs-no-oidc':
      return {
        what: 'Job endpoints are opened by a shared secret alone, without an OIDC token',
        where: d.endpoints.join(', '),
        evidence: ['COST_JOB_SECRET set; no OIDC audience for these endpoints'],
        fix: "Set each endpoint's *_AUDIENCE with COST_JOB_INVOKERS, call them with Cloud Scheduler's OIDC token, and unset COST_JOB_SECRET",
      };
  }
}
