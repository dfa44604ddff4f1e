// CIBEvaluation — placeholder until its issue lands.
