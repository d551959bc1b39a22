"""Progress: the floor below plans and reports that every figure reads.

``history`` writes and reads the append-only snapshots; ``rollup`` holds the
current-figure rule and a plan's figures from its commitments; ``settling`` records what
a save or a report changes and reindexes what follows; ``rebuild`` recomputes everything
after a change of settings; ``signals`` announces a change of figures to whoever listens
(accountability's activities), so that nothing here calls a feature.
"""
