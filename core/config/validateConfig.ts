import type { Validator } from '../validation/types';

export const validateRunConfig: Validator = () => [];
export const validatePlatformConfig: Validator = () => [];
