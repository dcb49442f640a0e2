"""The office's oversight screens: problems and rectification, rankings (红黑榜), and the clerk's documents."""
