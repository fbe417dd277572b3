import { ApiProperty } from '@nestjs/swagger';

export class AuthorityDto {
  @ApiProperty() check: boolean;
  @ApiProperty() return: boolean;
  @ApiProperty() paraf: boolean;
  @ApiProperty() sign: boolean;
}

export class UnitRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class HeldPositionDto {
  @ApiProperty() positionId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: [1, 2, 3, 4] }) level: number;
  @ApiProperty() levelName: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ enum: ['definitif', 'plt', 'plh'] }) assignmentKind: string;
  @ApiProperty() validFrom: string;
  @ApiProperty({ type: String, nullable: true }) validTo: string | null;
  @ApiProperty({ type: AuthorityDto }) authority: AuthorityDto;
  @ApiProperty() authorityPasal: string;
}

export class OrganizationRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() city: string;
}

export class ActingForAppointmentDto {
  @ApiProperty() delegationId: string;
  @ApiProperty({ enum: ['an', 'plh'], description: 'Penanda yang dipakai wakil menurut aturan perwakilan Dinas' }) capacity: 'an' | 'plh';
  @ApiProperty() principalPositionId: string;
  @ApiProperty() principalTitle: string;
  @ApiProperty() principalName: string;
  @ApiProperty() validTo: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() nip: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'H. Rahmat Hidayat, S.E., M.Si.' }) titledName: string;
  @ApiProperty() rank: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({
    description: 'After an administrator gave a temporary password: it must be changed (POST /api/v1/auth/password) before anything else',
  })
  mustChangePassword: boolean;
  @ApiProperty({ type: OrganizationRefDto }) organization: OrganizationRefDto;
  @ApiProperty({ type: [HeldPositionDto] }) positions: HeldPositionDto[];
  @ApiProperty({
    type: [ActingForAppointmentDto],
    description: "Appointments in force today in which this official acts for another (a.n. or Plh., under the office's delegation rules)",
  })
  actingFor: ActingForAppointmentDto[];
}
