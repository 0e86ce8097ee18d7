/**
 * Where a ping's animation is: which step, how far along it, playing or paused, how fast. Pure
 * state, advanced by the page's animation frames ({@link advance}) and the controls.
 */

export interface PlayerState {
    readonly stepCount: number;
    /** The step shown, 0-based; -1 before the first. */
    readonly index: number;
    /** How far the current step's animation has gone, 0 to 1. */
    readonly progress: number;
    readonly playing: boolean;
    /** Steps per second at speed 1 is 1000 / {@link STEP_MS}; the speed multiplies it. */
    readonly speed: number;
}

/** How long one step (one hop) takes at speed 1. */
export const STEP_MS = 900;
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

/** A new ping: playing from its first step. */
export function startPlayer(stepCount: number, speed = 1): PlayerState {
    return { stepCount, index: stepCount ? 0 : -1, progress: 0, playing: stepCount > 0, speed };
}

/** Over: the last step is complete (a ping that sends nothing is over at once). */
export function isFinished(state: PlayerState): boolean {
    return state.stepCount === 0 || (state.index === state.stepCount - 1 && state.progress >= 1);
}

/** Moves the animation on by `elapsedMs`, step after step, and stops at the end of the last. */
export function advance(state: PlayerState, elapsedMs: number): PlayerState {
    if (!state.playing || state.stepCount === 0) return state;
    let index = state.index;
    let progress = state.progress + (elapsedMs * state.speed) / STEP_MS;
    while (progress >= 1 && index < state.stepCount - 1) {
        progress -= 1;
        index++;
    }
    if (progress >= 1) return { ...state, index, progress: 1, playing: false };
    return { ...state, index, progress };
}

/** Play, from the start again when the animation is over. */
export function play(state: PlayerState): PlayerState {
    if (state.stepCount === 0) return state;
    return isFinished(state) ? { ...state, index: 0, progress: 0, playing: true } : { ...state, playing: true };
}

export function pause(state: PlayerState): PlayerState {
    return { ...state, playing: false };
}

/** Shows the next step complete, paused. */
export function stepForward(state: PlayerState): PlayerState {
    if (state.stepCount === 0) return state;
    const index = state.progress < 1 && state.index >= 0 ? state.index : Math.min(state.stepCount - 1, state.index + 1);
    return { ...state, index, progress: 1, playing: false };
}

/** Shows the previous step complete, paused. */
export function stepBack(state: PlayerState): PlayerState {
    if (state.stepCount === 0) return state;
    return { ...state, index: Math.max(0, state.index - 1), progress: 1, playing: false };
}

/** Jumps to a step (clicked in the list), shown complete, paused. */
export function seek(state: PlayerState, index: number): PlayerState {
    if (state.stepCount === 0) return state;
    return { ...state, index: Math.min(state.stepCount - 1, Math.max(0, index)), progress: 1, playing: false };
}

export function setSpeed(state: PlayerState, speed: number): PlayerState {
    return { ...state, speed };
}
