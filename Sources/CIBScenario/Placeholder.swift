// CIBScenario — placeholder until its issue lands.
