/**
 * Face-presence debounce: the reported state flips only after `frames` consecutive frames
 * disagree with it (DESIGN §8b: 5 frames). One missed detection while the candidate looks
 * down, or one false hit on a covered camera, does not change what is reported.
 */
export class PresenceDebouncer {
  private state = false;
  private disagree = 0;

  constructor(private readonly frames = 5) {}

  /** Feeds one frame's raw detection; returns the debounced presence for that frame. */
  update(detected: boolean): boolean {
    if (detected === this.state) {
      this.disagree = 0;
    } else if (++this.disagree >= this.frames) {
      this.state = detected;
      this.disagree = 0;
    }
    return this.state;
  }

  get present(): boolean {
    return this.state;
  }

  reset(): void {
    this.state = false;
    this.disagree = 0;
  }
}
