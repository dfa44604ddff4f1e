// CIBStatistics — placeholder until its issue lands.
