"""Plugins: hookspecs, the manager and its typed facade, the kit plugin authors build on, golden cases,
the pytest plugin, the scaffold and the core's own built-in plugin.
"""
