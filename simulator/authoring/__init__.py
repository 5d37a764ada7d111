"""Tools for instructors writing profiles: lint, the reach pass, the explorer, graph, proof, scaffold,
test plans and hot reload. Headless; they read profiles through simulator.engine.
"""
