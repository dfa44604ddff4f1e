// CIBStorage — placeholder until its issue lands.
