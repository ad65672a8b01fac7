/** The one answer of "forgot password", whether or not the e-mail belongs to an account. */
export const FORGOT_PASSWORD_ANSWER =
  'If an active account uses this e-mail address, a link to choose a new password is on its way. It is valid for 30 minutes.';
