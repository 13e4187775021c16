"""Shared parameter documentation, written once and substituted into docstrings."""

from __future__ import annotations

import re

__all__ = ["Substitution"]


class Substitution:
    """Class or function decorator: replace each ``{name}`` line of the docstring by the text given for it.

    Only the names given are replaced, so the other braces of a numpydoc
    docstring (``{"fig5b", "fig5a"}``) stay as they are. A docstring that
    Python dropped (``python -OO``) stays None.

    Parameters
    ----------
    **texts : str
        Text for each placeholder, already indented as the docstring's parameters are.

    Examples
    --------
    >>> @Substitution(shared="    seed : int\\n        The seed.")
    ... def f(seed):
    ...     '''Do it.
    ...
    ...     Parameters
    ...     ----------
    ...     {shared}
    ...     '''
    >>> "The seed." in f.__doc__
    True
    """

    def __init__(self, **texts: str) -> None:
        self.texts = texts

    def __call__(self, obj):
        if obj.__doc__:
            doc = obj.__doc__
            for name, text in self.texts.items():
                # The placeholder stands on a line of its own; the text is indented already, and a blank line
                # keeps the next numpydoc section apart.
                line = re.compile(rf"^[ \t]*\{{{name}\}}[ \t]*\n", re.MULTILINE)
                doc = line.sub(lambda _, text=text: text.rstrip("\n") + "\n\n", doc)
            obj.__doc__ = doc
        return obj
