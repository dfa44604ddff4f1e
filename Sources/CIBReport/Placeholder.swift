// CIBReport — placeholder until its issue lands.
