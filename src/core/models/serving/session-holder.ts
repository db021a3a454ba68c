import type { ScoringSession } from '../scoring';

/** Which model a session serves, as /version, /metrics and the prediction log name it. */
export interface ServedModel {
  name: string;
  /** The registry version; null for a model served from a file. */
  version: string | null;
  /** The alias followed, when serving NAME@ALIAS. */
  alias?: string;
}

/** A session in use by one request; release it when the request is done. */
export interface SessionLease {
  session: ScoringSession;
  model: ServedModel;
  /** The response headers naming the model, flat: x-model-name, NAME[, x-model-version, VERSION]. */
  headers: readonly string[];
  release(): void;
}

class Slot {
  users = 0;
  retired = false;
  readonly released: Promise<void>;
  readonly headers: readonly string[];
  private resolveReleased!: () => void;

  constructor(
    readonly session: ScoringSession,
    readonly model: ServedModel,
    private readonly onReleased: (slot: Slot) => void,
  ) {
    this.released = new Promise((resolve) => (this.resolveReleased = resolve));
    this.headers = model.version === null ? ['x-model-name', model.name] : ['x-model-name', model.name, 'x-model-version', model.version];
  }

  /** Called when retired and unused: frees onnxruntime's memory for the model. */
  dispose(): void {
    void this.session
      .release()
      .catch(() => undefined)
      .finally(() => {
        this.onReleased(this);
        this.resolveReleased();
      });
  }
}

/**
 * Holds the current session behind a reference. A swap installs a ready session for the requests
 * that start after it; requests already running keep the session they started on, which is
 * released when the last of them finishes.
 */
export class SessionHolder {
  private current: Slot;
  private readonly alive = new Set<Slot>();

  constructor(session: ScoringSession, model: ServedModel) {
    this.current = this.track(new Slot(session, model, this.forget));
  }

  get model(): ServedModel {
    return this.current.model;
  }

  /** The headers naming the model served now. */
  get headers(): readonly string[] {
    return this.current.headers;
  }

  acquire(): SessionLease {
    const slot = this.current;
    slot.users++;
    let released = false;
    return {
      session: slot.session,
      model: slot.model,
      headers: slot.headers,
      release: () => {
        if (released) return;
        released = true;
        slot.users--;
        if (slot.retired && slot.users === 0) slot.dispose();
      },
    };
  }

  /** Installs `session`, created beforehand so that a model which fails to load never replaces a working one. */
  swap(session: ScoringSession, model: ServedModel): ServedModel {
    const previous = this.current;
    this.current = this.track(new Slot(session, model, this.forget));
    this.retire(previous);
    return previous.model;
  }

  /** Retires the current session and waits until every session is released. */
  async close(): Promise<void> {
    this.retire(this.current);
    await Promise.all([...this.alive].map((slot) => slot.released));
  }

  private retire(slot: Slot): void {
    if (slot.retired) return;
    slot.retired = true;
    if (slot.users === 0) slot.dispose();
  }

  private track(slot: Slot): Slot {
    this.alive.add(slot);
    return slot;
  }

  private readonly forget = (slot: Slot): void => {
    this.alive.delete(slot);
  };
}
