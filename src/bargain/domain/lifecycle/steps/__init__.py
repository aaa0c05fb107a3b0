"""The steps of the procedure, one declaration each, grouped by phase.

Each module declares its steps in the order of the procedure: the details model (which is also the
command), the guard that states the law in its docstring, and the :class:`Transition` that ties
them to the trigger, the states, who may act, the event and the article.
"""
