/**
 * The environment variables idleprobe reads for an org and its credentials: the names Genesys's own CLI
 * and Terraform provider use, so an existing setup works as it is. Its own module, so the help texts can
 * name them without loading the run's code.
 */
export const ENV = {
  region: 'GENESYSCLOUD_REGION',
  clientId: 'GENESYSCLOUD_OAUTHCLIENT_ID',
  clientSecret: 'GENESYSCLOUD_OAUTHCLIENT_SECRET',
  token: 'GENESYSCLOUD_ACCESS_TOKEN',
  /**
   * idleprobe's own: the bases (origins, comma-separated) that credentials from the environment may go to
   * although they are not Genesys Cloud hosts, and that may take credentials over plain http://.
   */
  trustBase: 'IDLEPROBE_TRUST_BASE',
} as const;
