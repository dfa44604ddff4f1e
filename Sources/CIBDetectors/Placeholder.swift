// CIBDetectors — placeholder until its issue lands.
