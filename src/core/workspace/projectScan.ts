// The scan the CLI (and the bench) run over files and folders: with caller-following, each target's project
// is indexed (even when only one file is scanned) and the targets' findings are judged against its call graph;
// without it, each file is analysed on its own. Work is spread over worker threads when there is enough of it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { languageOfFile } from '../languages';
import type { SkipReason } from '../analysis/languageSupport';
import type { Finding } from '../types';
import { buildWorkspaceIndex, judgeAll, type SourceFile } from './buildIndex';
import { InProcessRunner, WorkerPoolRunner, workerThreshold, type JobRunner } from './jobRunner';
import { projectRootOf, projectSourceFiles, skippedFolders } from './projectFiles';

export interface ProjectScanOptions {
  extraClientNames: string[];
  maxBytes: number;
  /** Judge findings against handling in their callers across the project (default on). */
  followCallers: boolean;
  /** Worker threads: 'auto' (this thread and one worker per further core, when the scan is big enough), or a number (0: none). */
  workers?: number | 'auto';
}

function runnerFor(jobs: number, options: ProjectScanOptions): JobRunner {
  const processorOptions = { maxBytes: options.maxBytes, extraClientNames: options.extraClientNames };
  if (options.workers === undefined || options.workers === 'auto') {
    // This thread only waits for the workers otherwise, so it takes a share of the files in place of one more worker.
    const cores = os.availableParallelism();
    return jobs >= workerThreshold && cores > 1 ? new WorkerPoolRunner(processorOptions, cores - 1, true) : new InProcessRunner(processorOptions);
  }
  return options.workers > 0 ? new WorkerPoolRunner(processorOptions, options.workers) : new InProcessRunner(processorOptions);
}

function filesOf(target: string, onError: (file: string, error: unknown) => void): SourceFile[] {
  if (fs.statSync(target).isDirectory()) return projectSourceFiles(target, onError);
  const language = languageOfFile(target);
  return language ? [{ path: target, language }] : [];
}

/** Whether the project walk skipped a target (it lies in a dependency, build or VCS folder, or is not a source file). */
function outsideWalk(root: string, target: string): boolean {
  if (!fs.statSync(target).isDirectory()) return true;
  return path.relative(root, target).split(path.sep).some((segment) => skippedFolders.has(segment));
}

export interface ProjectScanResult {
  /** Findings per file path (absolute), for files under the targets that have any. */
  findings: Map<string, Finding[]>;
  /** How many source files the targets hold. */
  scannedFiles: number;
  /** Target files that were not analysed, and why. */
  skipped: Map<string, SkipReason>;
}

export async function scanProjects(targets: readonly string[], options: ProjectScanOptions, onError: (file: string, error: unknown) => void): Promise<ProjectScanResult> {
  const report = (file: string, message: string): void => onError(file, new Error(message));
  if (!options.followCallers) {
    const files = targets.flatMap((target) => filesOf(target, onError));
    const runner = runnerFor(files.length, options);
    try {
      const results = await runner.run(files.map((file) => ({ path: file.path, language: file.language, mode: 'scan' as const })));
      const findings = new Map<string, Finding[]>();
      const skipped = new Map<string, SkipReason>();
      for (const result of results) {
        if (result.error) report(result.path, result.error);
        if (result.skipped) skipped.set(result.path, result.skipped);
        if (result.findings && result.findings.length > 0) findings.set(result.path, result.findings);
      }
      return { findings, scannedFiles: files.length, skipped };
    } finally {
      await runner.dispose();
    }
  }
  const byRoot = new Map<string, string[]>();
  for (const target of targets) {
    const root = projectRootOf(target);
    byRoot.set(root, [...(byRoot.get(root) ?? []), target]);
  }
  const projects = [...byRoot].map(([root, rootTargets]) => ({ root, targets: rootTargets, files: projectSourceFiles(root, onError) }));
  const runner = runnerFor(projects.reduce((sum, project) => sum + project.files.length, 0), options);
  const findings = new Map<string, Finding[]>();
  const skipped = new Map<string, SkipReason>();
  let scannedFiles = 0;
  try {
    for (const project of projects) {
      const isTarget = (file: string): boolean => project.targets.some((target) => file === target || file.startsWith(target.endsWith(path.sep) ? target : target + path.sep));
      // A target file outside the walk (a skipped folder named on the command line) is still scanned.
      const known = new Set(project.files.map((file) => file.path));
      const extra = project.targets.filter((target) => !known.has(target) && outsideWalk(project.root, target)).flatMap((target) => filesOf(target, onError)).filter((file) => !known.has(file.path));
      const files = [...project.files, ...extra];
      scannedFiles += files.filter((file) => isTarget(file.path)).length;
      const built = await buildWorkspaceIndex(project.root, files, isTarget, runner, report);
      // Files outside the targets were parsed for what they call, and may have findings of their own: not asked for.
      for (const [file, kept] of judgeAll(built, true)) if (isTarget(file)) findings.set(file, kept);
      for (const [file, reason] of built.skipped) if (isTarget(file)) skipped.set(file, reason);
    }
  } finally {
    await runner.dispose();
  }
  return { findings, scannedFiles, skipped };
}
