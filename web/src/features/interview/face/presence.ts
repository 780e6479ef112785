/**
 * Face-presence debounce: the reported state flips only after `frames` consecutive frames
 * disagree with it (DESIGN §8b: 5 frames). One missed detection while the candidate looks
 * down, or one false hit on a covered camera, does not change what is reported.
 *
 * At the intended ~10 frames/s five frames are half a second. When the machine is busy and
 * analysis slows to a few frames/s, five frames would stretch to seconds of wrong state, so a
 * disagreement that has lasted `maxMs` (and at least `minFrames` frames) flips it as well.
 */
export class PresenceDebouncer {
  private state = false;
  private disagree = 0;
  private disagreeSinceMs: number | null = null;

  constructor(
    private readonly frames = 5,
    private readonly maxMs = 600,
    private readonly minFrames = 2,
  ) {}

  /** Feeds one frame's raw detection at `tMs`; returns the debounced presence for that frame. */
  update(detected: boolean, tMs = 0): boolean {
    if (detected === this.state) {
      this.disagree = 0;
      this.disagreeSinceMs = null;
      return this.state;
    }
    this.disagree++;
    this.disagreeSinceMs ??= tMs;
    const lasted = tMs - this.disagreeSinceMs >= this.maxMs && this.disagree >= this.minFrames;
    if (this.disagree >= this.frames || lasted) {
      this.state = detected;
      this.disagree = 0;
      this.disagreeSinceMs = null;
    }
    return this.state;
  }

  get present(): boolean {
    return this.state;
  }

  reset(): void {
    this.state = false;
    this.disagree = 0;
    this.disagreeSinceMs = null;
  }
}
