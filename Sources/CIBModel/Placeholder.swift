// CIBModel — placeholder until its issue lands.
