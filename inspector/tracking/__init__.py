"""Problems made from failed findings, the office's decisions on them and their stored state; below oversight."""
