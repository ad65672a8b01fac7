import { z } from 'zod';

export const SEXES = ['male', 'female'] as const;
export const registerPatientFields = {
  sex: z.enum(SEXES, { error: 'Choose the sex.' }),
  birthYear: z.number({ error: 'Enter the year of birth (4 digits).' }).int('Enter the year of birth (4 digits).')
    .min(1900, 'The year of birth must be 1900 or later.')
    .superRefine((y, ctx) => {
      // One message per mistake: a year in the future is a typo, not an under-age patient.
      const now = new Date().getUTCFullYear();
      if (y > now) ctx.addIssue({ code: 'custom', message: 'The year of birth cannot be in the future.' });
      else if (y > now - 18) ctx.addIssue({ code: 'custom', message: 'Patients must be adults (18 or older).' });
    }),
};
export const registerPatientFormSchema = z.strictObject(registerPatientFields);
export const registerPatientSchema = z.strictObject({ ...registerPatientFields, idempotencyKey: z.string().min(8).max(100) });
export type RegisterPatientFormInput = z.input<typeof registerPatientFormSchema>;
export type RegisterPatientInput = z.output<typeof registerPatientSchema>;
