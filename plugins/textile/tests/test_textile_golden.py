"""Golden cases of the textile plugin (one at least for every available sheet), through the maintainers' kit."""


def test_golden_cases_pass(ocop_golden):
    ocop_golden("textile")
