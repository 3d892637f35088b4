import type { ComponentType } from 'react';
import type { Role } from '../../auth/AuthContext';
import { ApplicantHome } from './ApplicantHome';
import { ExpertHome } from '../expert/ExpertHome';
import { InstitutionHome } from '../institution/InstitutionHome';
import { AdminHome, AuditorHome, OfficerHome } from './OtherHomes';

/** Each role's section of the home page (its work list). */
export const ROLE_HOMES: Record<Role, ComponentType> = {
  applicant: ApplicantHome,
  institution_admin: InstitutionHome,
  expert: ExpertHome,
  officer: OfficerHome,
  admin: AdminHome,
  auditor: AuditorHome,
};
