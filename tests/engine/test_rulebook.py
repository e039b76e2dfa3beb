"""Rule coefficients: each checked against the range its meaning allows, in rules.yaml and in --set."""

import pytest

from engine import ScenarioError, load_scenario
from engine.rulebook import Span, with_settings
from tests.helpers.paths import HISTORICAL
from ui.cli import main

SCENARIO = load_scenario(HISTORICAL)
DAYS = "from 2019-12-19 to 2020-03-06 (the scenario's days)"
HEXES = Span.of(SCENARIO.start_date, SCENARIO.end_date, SCENARIO.bounds, SCENARIO.hex_size_km).hexes  # across + down


@pytest.mark.parametrize(
    "setting, message",
    [
        (
            "ground.r50=-100",
            "ground.r50: expected a number above 0 (a ratio, multiplier, scale or distance), found -100",
        ),
        ("ground.r50=0", "ground.r50: expected a number above 0 (a ratio, multiplier, scale or distance), found 0"),
        ("ground.k=.nan", "ground.k: expected a number above 0 (a ratio, multiplier, scale or distance), found nan"),
        ("ground.intensity=-0.5", "ground.intensity: expected a number >= 0, found -0.5"),
        ("ceasefire.hazard_initial=1.5", "ceasefire.hazard_initial: expected a fraction from 0 to 1, found 1.5"),
        ("turkey.contact_fire=true", "turkey.contact_fire: expected a fraction from 0 to 1, found True"),
        ("air.missions_per_arm=2.5", "expected a whole number of missions a day from 0 to 100, found 2.5"),
        ("turkey.open_operation_day_deaths=-1", "expected a whole number from 0 to 1,000,000, found -1"),
        ("supply.town_fall_days=200", "expected a whole number of days from 0 to 79 (the scenario's days), found 200"),
        ("reinforcements.shift_days=99999999999", "expected a whole number of days from -79 to 79"),
        ("supply.reach_hexes=100000", f"supply.reach_hexes: expected a whole number of hexes from 0 to {HEXES} (the"),
        ("turkey.intervention=1999-01-01", f"1999-01-01 is outside the scenario: expected a date {DAYS} or none"),
        ("turkey.intervention=soon", f"expected a date (YYYY-MM-DD) {DAYS} or none, found 'soon'"),
        ("ceasefire.scheduled=[2020-03-06, 2021-01-01]", f"2021-01-01 is outside the scenario: expected a date {DAYS}"),
        ("ceasefire.scheduled=2020-03-06", "expected a list of dates (YYYY-MM-DD)"),
        (
            "air.fighter_loss={russian_aerospace_forces: 0, syaaf_fixed_wing: 2, syaaf_helicopters: 0, "
            "turkish_drones: 0, turkish_f16: 0}",
            "every entry must be a fraction from 0 to 1",
        ),
        ("ground.posture={moving: 1, hasty: 1, prepared: 1, fortified: -1}", "every entry must be a number >= 0"),
    ],
)
def test_a_setting_outside_its_range_is_refused_with_the_key_the_value_and_the_range(setting, message):
    with pytest.raises(ScenarioError) as err:
        with_settings(SCENARIO, [setting])
    [problem] = err.value.problems
    assert str(problem).startswith("--set: ") and message in str(problem)


@pytest.mark.parametrize(
    "setting, key, value",
    [
        ("turkey.intervention=none", "turkey.intervention", "none"),
        ("ceasefire.scheduled=[]", "ceasefire.scheduled", ()),
        ("ceasefire.onset_bias=-12", "ceasefire.onset_bias", -12.0),  # a bias may be negative
        ("reinforcements.shift_days=-7", "reinforcements.shift_days", -7),
        ("ground.r50=3", "ground.r50", 3.0),
    ],
)
def test_a_setting_inside_its_range_is_taken(setting, key, value):
    assert with_settings(SCENARIO, [setting]).rules[key] == value


def test_rules_yaml_is_held_to_the_same_ranges(capsys, tutorial_copy):
    rules = tutorial_copy / "rules.yaml"
    text = rules.read_text()
    line = text[: text.index("  r50:\n")].count("\n") + 2
    rules.write_text(text.replace("  r50:\n    value: 2.0\n", "  r50:\n    value: -2.0\n"))
    assert main(["validate", "tutorial"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"tutorial/rules.yaml:{line}: ground.r50.value: expected a number above 0 (a ratio, multiplier, scale or "
        "distance), found -2.0"
    )
