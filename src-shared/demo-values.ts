/**
 * The public demonstration's keys and kiosk credential, as committed in kiosk-config/example.json
 * (and, for the private halves, assets/demo-keys). Everyone can read them, so a kiosk or server
 * refuses them unless it runs as a demonstration (a test checks they match the committed files).
 */
export const DEMO_VALUES = {
  contentPublicKey: 'pDkHMHtVt6TKLLdj9YbmMqHqWz4TZl0Wv8jezp3Y3AE=',
  submissionPublicKey: 'BKU3jnARJXUXH3WkEkvnG9mQYtcjVcfg1FnTt0y63Qf/HKyLOV9WBN6fFIwAqMRLUK/cmbIRhY+CFSmInv6qzTk=',
  kioskCredential: 'demo-kiosk-0421-credential-change-me',
} as const;
