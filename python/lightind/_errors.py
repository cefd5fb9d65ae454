"""The exceptions of lightind, raised by the compiled core with the library's messages.

str(error) is the message the command line prints after "lightind: scenario rejected: "
(for a ScenarioError) or after "lightind: " (for an AccountingError).
"""


class ScenarioError(ValueError):
    """A rejected scenario file or override.

    str(error) reads ``FILE:LINE: KEY: expected EXPECTED, found FOUND`` (with a
    "did you mean" hint when one is close). ``line`` is 0 when the problem has no single
    line (a cycle of ``extends``, or an override, whose ``file`` is ``"--set"``).
    """

    def __init__(self, message, file="", line=0, key="", expected="", found=""):
        super().__init__(message)
        self.file = file
        self.line = line
        self.key = key
        self.expected = expected
        self.found = found


class AccountingError(RuntimeError):
    """The ledger check (``check=True``) found a month where an identity fails.

    ``month`` is "YYYY-MM", ``account`` names the row or column that does not balance and
    ``amount`` is by how much.
    """

    def __init__(self, message, month="", account="", amount=0.0):
        super().__init__(message)
        self.month = month
        self.account = account
        self.amount = amount
