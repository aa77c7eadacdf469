/** How the gate reads deployment history. GitHub implements it with the Deployments API; tests with fixtures. */
export interface DeploymentHistory {
  /**
   * Successful deployments of `modelVersion` to `environment`, newest first. Throws when the history cannot be read:
   * the gate turns that into a `deployment-history-unavailable` failure, never a pass.
   */
  successfulDeployments(environment: string, modelVersion: string): Promise<PriorDeployment[]>;
}

export interface PriorDeployment {
  id: string | number;
  environment: string;
  modelVersion: string;
  /** sha256 of the model recorded with that deployment, when it was recorded. */
  modelSha256?: string | undefined;
  createdAt?: string | undefined;
  url?: string | undefined;
}
