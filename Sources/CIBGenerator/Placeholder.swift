// CIBGenerator — placeholder until its issue lands.
