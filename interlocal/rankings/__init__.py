"""Rankings follow-up (M15): city rankings, their editions and the positions of the home metropolis and its peers."""
