"""The rules engine of idlib-wargame: scenario loading, state and rules. Never imports pygame or ui."""

from .loader import DEFAULT_SCENARIO, load_scenario
from .yamlsource import Problem, ScenarioError

__all__ = ["DEFAULT_SCENARIO", "Problem", "ScenarioError", "load_scenario"]
