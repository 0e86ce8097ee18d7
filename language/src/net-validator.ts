import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { NetAstType, Topology } from './generated/ast.js';
import type { NetServices } from './net-module.js';

/** Registers the `.net` checks with Langium's validation registry. */
export function registerValidationChecks(services: NetServices): void {
    const validator = services.validation.NetValidator;
    const checks: ValidationChecks<NetAstType> = {
        Topology: validator.checkTopology
    };
    services.validation.ValidationRegistry.register(checks, validator);
}

/** The `.net` checks. */
export class NetValidator {
    checkTopology(_topology: Topology, _accept: ValidationAcceptor): void {
        // Filled in below.
    }
}
