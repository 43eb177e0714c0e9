"""Search: indexes derived from the graph, retrieval, fusion and question answering."""
