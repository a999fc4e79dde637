import type { Role } from './actors.ts';

/**
 * Who owns a sandbox: a person (by their id in the home world), the anonymous browser that made
 * it in demo mode (by the SHA-256 of its owner key), or nobody known (made before owners were
 * recorded: only an admin may use it).
 */
export type SandboxOwner = { kind: 'person'; userId: number } | { kind: 'anonymous'; keyHash: string } | { kind: 'unknown' };

/** Who asks to use a sandbox: the person signed in (if any), the owner key their browser holds (if any), and whether the demo runs. */
export interface SandboxVisitor {
  person: { id: number; role: Role } | null;
  ownerKeyHash: string | null;
  /** An anonymous owner's key counts only while the server runs the demo (HUTONG_DEMO=1), the only mode that makes such sandboxes. */
  demo: boolean;
}

/** The visitor made it (as a person, or in demo mode with the browser that holds its key). */
export function owns(owner: SandboxOwner, visitor: SandboxVisitor): boolean {
  if (owner.kind === 'person') return visitor.person?.id === owner.userId;
  if (owner.kind === 'anonymous') return visitor.demo && visitor.ownerKeyHash === owner.keyHash;
  return false;
}

/** Only the owner or an admin may see, enter, change, move the clock of or delete a sandbox. */
export function mayUseSandbox(owner: SandboxOwner, visitor: SandboxVisitor): boolean {
  return visitor.person?.role === 'admin' || owns(owner, visitor);
}
