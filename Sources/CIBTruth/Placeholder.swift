// CIBTruth — placeholder until its issue lands.
