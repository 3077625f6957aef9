"""Reinforcement learning: DQN on a tiny corridor environment written here.

The agent starts at cell 0 of a corridor of 8 cells and moves left or right; reaching cell 7 pays +1
and ends the episode, every step costs 0.01. A Q-network learns from a replay buffer with a target
network (a copy refreshed through ``state_dict``/``load_state_dict``) and an epsilon-greedy policy.
The greedy policy should walk straight to the goal: 7 steps. dfdx: examples/rl-dqn.rs.
"""

import argparse
from collections import deque
from dataclasses import dataclass, field
from typing import Final, NamedTuple, TypeAlias
from typing import Literal as L

import numpy as np
import numpy.typing as npt

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

CELLS: Final = 8
ACTIONS: Final = 2
GAMMA: Final = 0.95
State: TypeAlias = npt.NDArray[np.float32]
"""An observation: the one-hot position, ``(8,)``."""


class Corridor:
    """States are one-hot ``(8,)`` vectors; actions 0 = left, 1 = right."""

    def __init__(self) -> None:
        self.position = 0
        self.steps = 0

    def observe(self) -> State:
        state = np.zeros(CELLS, dtype=np.float32)
        state[self.position] = 1.0
        return state

    def reset(self) -> State:
        self.position, self.steps = 0, 0
        return self.observe()

    def step(self, action: int) -> tuple[State, float, bool]:
        self.position = min(max(self.position + (1 if action == 1 else -1), 0), CELLS - 1)
        self.steps += 1
        done = self.position == CELLS - 1 or self.steps >= 40
        reward = 1.0 if self.position == CELLS - 1 else -0.01
        return self.observe(), reward, done


class Batch(NamedTuple):
    """``B`` transitions as tensors."""

    state: Tensor[tuple[int, L[8]]]
    action: Tensor[tuple[int]]
    reward: Tensor[tuple[int]]
    next_state: Tensor[tuple[int, L[8]]]
    done: Tensor[tuple[int]]


@dataclass
class Replay:
    """Transitions ``(state, action, reward, next_state, done)``, the most recent 2000 kept."""

    items: deque[tuple[State, int, float, State, bool]] = field(default_factory=lambda: deque(maxlen=2000))

    def add(self, s: State, a: int, r: float, s2: State, done: bool) -> None:
        self.items.append((s, a, r, s2, done))

    def sample(self, rng: np.random.Generator, n: int) -> Batch:
        picks = [self.items[i] for i in rng.integers(0, len(self.items), size=n)]
        s, a, r, s2, d = zip(*picks)
        return Batch(dt.from_numpy(np.stack(s)), dt.tensor(list(a)), dt.tensor(list(r), dtype=dt.float32),
                     dt.from_numpy(np.stack(s2)), dt.tensor([float(x) for x in d], dtype=dt.float32))


def q_network() -> dt.nn.Sequential:
    """``(B, 8) -> (B, 2)``: one Q-value per action."""
    return dt.nn.Sequential(dt.nn.Linear(CELLS, 32), dt.nn.ReLU(), dt.nn.Linear(32, ACTIONS))


def greedy(q: dt.nn.Module, state: State) -> int:
    values: Tensor[tuple[L[1], L[2]]] = q(dt.from_numpy(state[None]))  # untraced: inference
    return int(values.argmax(axis=-1).item())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="a few episodes")
    episodes = 5 if parser.parse_args().small else 80
    dt.manual_seed(0)
    rng = np.random.default_rng(0)
    env, replay = Corridor(), Replay()
    q, target = q_network(), q_network()
    target.load_state_dict(q.state_dict())
    opt = dt.optim.Adam(q, lr=1e-2)

    updates = 0
    for episode in range(episodes):
        epsilon = max(0.05, 1.0 - episode / (0.6 * episodes))
        state, done, total = env.reset(), False, 0.0
        while not done:
            action = int(rng.integers(ACTIONS)) if rng.random() < epsilon else greedy(q, state)
            next_state, reward, done = env.step(action)
            replay.add(state, action, reward, next_state, done)
            state, total = next_state, total + reward
            if len(replay.items) >= 64:
                s, a, r, s2, d = replay.sample(rng, 64)
                next_values: Tensor[tuple[int, L[2]]] = target(s2)
                goal = r + GAMMA * next_values.max(axis=-1) * (1.0 - d)  # TD target, untraced
                values: Tensor[tuple[int, L[2]], OwnedTape] = q(s.trace())
                chosen = dt.take_along_axis(values, a.unsqueeze(-1), axis=-1).squeeze(-1)
                loss = dt.losses.huber_loss(chosen, goal)
                opt.update(q, loss.backward())
                updates += 1
                if updates % 50 == 0:
                    target.load_state_dict(q.state_dict())
        if episode % 10 == 0 or episode == episodes - 1:
            print(f"episode {episode:3d}: epsilon {epsilon:.2f}, return {total:+.2f}, steps {env.steps}")

    state, done = env.reset(), False
    while not done:
        state, _, done = env.step(greedy(q, state))
    print(f"greedy policy reaches cell {env.position} in {env.steps} steps (best: {CELLS - 1})")


if __name__ == "__main__":
    main()
