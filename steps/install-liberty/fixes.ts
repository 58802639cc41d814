import type { ArchiveFailure } from '../../source/adapters/archive.js';
import { imclFailure, type ImclFailure, type ImclInstall } from '../../source/adapters/imcl.js';
import { featureInstallCommand, FULL_PROFILE_LIBERTY, missingFeatures, type LibertyCheckFailure } from '../../source/adapters/liberty-install.js';
import type { MavenFailure } from '../../source/adapters/maven.js';
import type { FixTable } from '../../source/engine/errors.js';
import { otherOwnerFix } from './ownership.js';

/** The adapters' failures in the words of the answers: which answer to change, and that the run resumes. */

const thenResume = (fix: string) => `${fix.replace(/\.$/, '')}, then run again with --resume.`;

/** What to do about an install directory in the way: never to remove what another state directory's run installed. */
const inTheWay = (installDir: string, stateDir: string, fix: string) => otherOwnerFix(installDir, 'liberty.installDir', stateDir) ?? fix;

export function imclFixes(request: ImclInstall, stateDir: string): FixTable<ImclFailure> {
  return {
    'license-not-accepted': () => 'Read the license in the repository (lafiles/), then set liberty.acceptLicense to true.',
    'package-not-found': (error) => `Check liberty.packageId: ${error.fix}`,
    'not-a-repository': () => `Set liberty.repositoryDir to the directory where you extracted the Liberty installer: it holds repository.config (now: ${request.repositoryDir}).`,
    'not-writable': () => `Choose a liberty.installDir this user can write to, or run as a user who can write ${request.installDir}.`,
    'already-installed': () => inTheWay(request.installDir, stateDir, `${request.installDir} already holds this package: remove it with \`imcl uninstall\` or choose another liberty.installDir.`),
    'not-empty': () => inTheWay(request.installDir, stateDir, `${request.installDir} is not empty: choose an empty or new liberty.installDir.`),
  };
}

/** The fix the user sees for what `imcl install` printed. */
export function imclFix(output: string, request: ImclInstall, stateDir: string): string {
  const error = imclFailure(request, output, 1);
  return imclFixes(request, stateDir)[error.kind]?.(error) ?? error.fix;
}

export function archiveFixes(installDir: string, stateDir: string): FixTable<ArchiveFailure> {
  return {
    'not-empty': () => inTheWay(installDir, stateDir, `Choose an empty or new liberty.installDir, or empty ${installDir}.`),
    'not-liberty-archive': () => 'Set liberty.archive to a WebSphere Liberty zip (wlp-*.zip) or installer jar.',
  };
}

export const MAVEN_FIXES: FixTable<MavenFailure> = {
  'no-mvn': () => 'Install Maven (Debian/Ubuntu: `apt-get install maven`) and run again with --resume, or install Liberty with imcl or from an archive.',
  'unreachable-repository': (error) => thenResume(error.fix),
};

export function libertyCheckFixes(installDir: string): FixTable<LibertyCheckFailure> {
  return {
    'missing-features': () => {
      const missing = missingFeatures(installDir);
      return `Install ${missing.length === 1 ? 'it' : 'them'} with \`${featureInstallCommand(installDir, missing)}\` and run again with --resume, or ${FULL_PROFILE_LIBERTY}.`;
    },
    'unsupported-java': (error) => thenResume(error.fix),
  };
}
